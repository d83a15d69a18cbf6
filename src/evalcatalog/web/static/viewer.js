// The PDF viewer page: pdf.js opens the report at #page=N and highlights the words of #search=.
// Without JavaScript (or if pdf.js fails) the page's link opens the browser's own viewer.
import * as pdfjsLib from "/static/pdfjs/pdf.min.mjs";

globalThis.pdfjsLib = pdfjsLib; // pdf_viewer.mjs finds the library here
const { EventBus, PDFFindController, PDFLinkService, PDFViewer } = await import(
  "/static/pdfjs/pdf_viewer.mjs"
);
pdfjsLib.GlobalWorkerOptions.workerSrc = "/static/pdfjs/pdf.worker.min.mjs";

const container = document.getElementById("viewer-container");
const status = document.getElementById("viewer-status");
const wanted = new URLSearchParams(location.hash.slice(1));
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const findController = new PDFFindController({ eventBus, linkService });
const viewer = new PDFViewer({ container, eventBus, linkService, findController });
linkService.setViewer(viewer);

eventBus.on("pagesinit", () => {
  viewer.currentScaleValue = "page-width";
  const page = Number.parseInt(wanted.get("page") || "1", 10);
  if (page >= 1 && page <= viewer.pagesCount) viewer.currentPageNumber = page;
  const query = (wanted.get("search") || "").split(/\s+/).filter((word) => word);
  if (query.length) { // several words: each is highlighted wherever it occurs
    eventBus.dispatch("find", { source: null, type: "", query, caseSensitive: false,
      entireWord: false, highlightAll: true, findPrevious: false, matchDiacritics: false });
  }
  status.textContent = `Showing page ${viewer.currentPageNumber} of ${viewer.pagesCount}.`;
});
eventBus.on("pagechanging", (event) => {
  status.textContent = `Showing page ${event.pageNumber} of ${viewer.pagesCount}.`;
});

try {
  const task = pdfjsLib.getDocument({
    url: container.dataset.pdf,
    isEvalSupported: false,
    standardFontDataUrl: "/static/pdfjs/standard_fonts/", // for PDFs that do not embed fonts
  });
  const pdf = await task.promise;
  viewer.setDocument(pdf);
  linkService.setDocument(pdf, null);
} catch (error) {
  status.textContent = `This PDF could not be shown here (${error.message}): use the link above.`;
}
