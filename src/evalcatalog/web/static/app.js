// A few conveniences; every page works without them.
"use strict";
document.addEventListener("keydown", (event) => {
  // "/" jumps to the search box, as on many search sites.
  const box = document.getElementById("q");
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (event.key === "/" && box && !typing) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

// PDF links open pdf.js at the page with the search's words highlighted; without JavaScript
// they open the browser's own viewer at the page.
for (const link of document.querySelectorAll("a[data-viewer]")) {
  link.href = link.dataset.viewer;
}
