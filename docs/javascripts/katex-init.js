// Typesets the formulas that pymdownx.arithmatex marked (class "arithmatex": \( ... \) inline,
// \[ ... \] display) with the KaTeX copy served from this site, on the first page load and on
// every page that material's instant navigation swaps in.
function renderMath() {
  for (const element of document.querySelectorAll(".arithmatex")) {
    if (element.dataset.typeset) continue;
    renderMathInElement(element, {
      delimiters: [
        {left: "\\(", right: "\\)", display: false},
        {left: "\\[", right: "\\]", display: true},
      ],
      throwOnError: false,
    });
    element.dataset.typeset = "true";
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
