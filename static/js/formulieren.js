// Keyboard and error handling of forms, for every page (loaded by base.html, no inline code: the
// Content-Security-Policy forbids it).
//
// - An error summary ([data-foutsamenvatting]) takes the focus when a refused form comes back,
//   on a new page (next to its autofocus attribute) and after an htmx swap; its links move the
//   focus to the field they name, with the field's label or legend in view.
// - Esc closes an inline form and gives the focus back to the control that opened it: a
//   <details> with a form in it (back to its <summary>), or a form that htmx loaded into the page
//   with a GET from a link or button outside any form (back to that link or button).
(function () {
  "use strict";

  // id of the element an inline form was loaded into -> the control that loaded it.
  var openers = {};

  function focusSamenvatting(binnen) {
    var samenvatting = binnen.matches && binnen.matches("[data-foutsamenvatting]")
      ? binnen
      : binnen.querySelector && binnen.querySelector("[data-foutsamenvatting]");
    if (samenvatting) {
      samenvatting.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The browser's autofocus does the same; this covers a page where it did not run yet.
    var eerste = document.querySelector("[autofocus]");
    if (eerste && eerste.matches("[data-foutsamenvatting]") && document.activeElement === document.body) {
      eerste.focus();
    }
  });

  function kanFocus(element) {
    return element.matches("input, select, textarea, button, a[href], [tabindex]") && !element.disabled;
  }

  function naarVeld(doel) {
    var details = doel.closest("details");
    if (details && !details.open) {
      details.open = true;
    }
    var veld = kanFocus(doel) ? doel : doel.querySelector("input, select, textarea, button");
    // The label (or the group's legend) above the field is what the user reads first.
    var groep = doel.closest("fieldset");
    var label = (doel.id && document.querySelector('label[for="' + doel.id + '"]')) ||
      (groep && groep.querySelector("legend"));
    (label || doel).scrollIntoView({ block: "start" });
    if (veld) {
      veld.focus({ preventScroll: true });
    } else {
      doel.setAttribute("tabindex", "-1");
      doel.focus({ preventScroll: true });
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-foutsamenvatting] a[href^='#']");
    if (!link) {
      return;
    }
    var doel = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (doel) {
      event.preventDefault();
      naarVeld(doel);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var doel = event.detail.target;
    var config = event.detail.requestConfig || {};
    var bron = config.elt;
    var laadtFormulier = config.verb === "get" && /<form[\s>]/i.test(event.detail.serverResponse || "");
    if (doel && doel.id && bron && laadtFormulier && !bron.closest("form") && !doel.contains(bron)) {
      openers[doel.id] = bron;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    // The event fires on each swapped-in element (detail.elt is the one that sent the request).
    focusSamenvatting(event.target);
  });

  function sluitDetails(element) {
    var details = element.closest("details[open]");
    if (!details || !details.querySelector("form")) {
      return false;
    }
    details.open = false;
    var samenvatting = details.querySelector("summary");
    if (samenvatting) {
      samenvatting.focus();
    }
    return true;
  }

  function sluitGeladenFormulier(element) {
    for (var houder = element; houder && houder !== document.body; houder = houder.parentElement) {
      var opener = houder.id && openers[houder.id];
      if (opener) {
        delete openers[houder.id];
        houder.innerHTML = "";
        if (document.body.contains(opener)) {
          opener.focus();
        }
        return true;
      }
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || !(event.target instanceof Element)) {
      return;
    }
    if (sluitGeladenFormulier(event.target) || sluitDetails(event.target)) {
      event.preventDefault();
    }
  });
})();
