// Navigation on small screens and confirmations after htmx actions. Everything here improves a
// page that already works without JavaScript: the header menu is then simply open, the dossier's
// table of contents is a <details> that dossier.css shows beside the sections on wide screens, and
// a saved form redirects to its section.
(function () {
  "use strict";

  // Same widths as the media queries in app.css (menu) and dossier.css (table of contents).
  var TELEFOON = window.matchMedia("(max-width: 480px)");
  var SMAL = window.matchMedia("(max-width: 900px)");

  // --- Header menu ------------------------------------------------------------------------------
  var kop = document.querySelector(".kop");
  var knop = kop && kop.querySelector("[data-menuknop]");
  var menu = knop && document.getElementById(knop.getAttribute("aria-controls"));

  function zetMenu(open) {
    kop.setAttribute("data-menu", open ? "open" : "dicht");
    knop.setAttribute("aria-expanded", open ? "true" : "false");
  }

  if (menu) {
    knop.hidden = false;
    zetMenu(false);
    knop.addEventListener("click", function () {
      zetMenu(kop.getAttribute("data-menu") !== "open");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || event.defaultPrevented) {
        return;
      }
      var binnen = menu.contains(document.activeElement) || document.activeElement === knop;
      if (TELEFOON.matches && binnen && kop.getAttribute("data-menu") === "open") {
        event.preventDefault();
        zetMenu(false);
        knop.focus();
      }
    });
  }

  // --- Table of contents of the dossier and the dienst ------------------------------------------
  // Open beside the sections on wide screens; on narrow screens a bar at the top of the window that
  // is closed, and closes again after a jump. (Without this script dossier.css shows the list on
  // wide screens although the <details> is closed.)
  document.querySelectorAll("[data-inhoud]").forEach(function (inhoud) {
    var uitklap = inhoud.querySelector("details");
    if (!uitklap) {
      return;
    }
    inhoud.setAttribute("data-uitklap", "");
    function pasAan() {
      uitklap.open = !SMAL.matches;
    }
    pasAan();
    SMAL.addEventListener("change", pasAan);
    uitklap.addEventListener("click", function (event) {
      if (SMAL.matches && event.target.closest("a")) {
        uitklap.open = false;
      }
    });
    // Escape folds the open bar away again, like the inline forms (static/js/formulieren.js).
    uitklap.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.defaultPrevented && SMAL.matches && uitklap.open) {
        event.preventDefault();
        uitklap.open = false;
        uitklap.querySelector("summary").focus();
      }
    });
  });

  // --- Confirmation in the section that changed -------------------------------------------------
  // The section's live region (templates/components/_sectieberichten.html) was filled out of band;
  // make sure it can be seen, and give focus a place if the swap removed the focused button.
  document.addEventListener("htmx:afterSettle", function (event) {
    var sectie = event.target.closest && event.target.closest("section");
    var bericht = sectie && sectie.querySelector(".sectiebericht");
    if (!bericht || !bericht.textContent.trim()) {
      return;
    }
    var vak = bericht.getBoundingClientRect();
    if (vak.top < 0 || vak.bottom > window.innerHeight) {
      bericht.scrollIntoView({ block: "nearest" });
    }
    if (document.activeElement === document.body || !document.activeElement) {
      bericht.focus({ preventScroll: true });
    }
  });
})();
