"""Every figure of the book, one function per figure, each returning a matplotlib ``Figure``.

Figures are built with ``matplotlib.figure.Figure`` (not pyplot), so calling a function draws nothing by
itself; a notebook displays the returned figure. Colours come from the Okabe-Ito palette, which stays
distinguishable with every common form of colour blindness. One module per chapter.
"""

from ._style import PALETTE as PALETTE
from .binary import *  # noqa: F403
from .calibration import *  # noqa: F403
from .categorical import *  # noqa: F403
from .gradients import *  # noqa: F403
from .information import *  # noqa: F403
from .language_models import *  # noqa: F403
from .pipeline import *  # noqa: F403
from .stability import *  # noqa: F403
