// Keyboard access to the boxes that scroll sideways on a narrow screen. The theme gives a tab stop to code
// blocks and cell outputs that overflow; this does the same for tables and display equations, once
// MathJax has typeset the page and whenever the window is resized.
(function () {
  const selector = ".pst-scrollable-table-container, mjx-container[display='true']";
  const update = () => {
    document.querySelectorAll(selector).forEach((el) => {
      if (el.scrollWidth > el.clientWidth) {
        el.tabIndex = 0;
      } else {
        el.removeAttribute("tabindex");
      }
    });
  };
  const typeset = () =>
    window.MathJax && MathJax.startup && MathJax.startup.promise ? MathJax.startup.promise : Promise.resolve();
  window.addEventListener("load", () => typeset().then(update));
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
})();
