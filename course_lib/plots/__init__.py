"""Every figure of the book, one function per figure, each returning a matplotlib ``Figure``.

Names: ``cl.plots.<what>``, a figure function named by what it draws (``sigmoid_curve``,
``reliability_diagram``, ``softmax_jacobian_heatmap``), without a ``plot_`` prefix: ``cl.plots.`` already
says it is a figure. One module per chapter, ``course_lib/plots/<topic>.py`` (``information``, ``binary``,
``categorical``, ``stability``, ``gradients``, ``pipeline``, ``calibration``, ``language_models``); the
chapter's figures are imported from it into ``course_lib.plots``. A function that returns numbers rather
than a figure is named by what it returns (``gradient_check_errors``, the data behind
``gradient_check_error_curve``).

Figures are built with ``matplotlib.figure.Figure`` (not pyplot), so calling a function draws nothing by
itself; a notebook displays the returned figure. Colours come from the Okabe-Ito palette, which stays
distinguishable with every common form of colour blindness.
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
