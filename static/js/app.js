// Small behaviours that templates would otherwise write as inline handlers (onclick, hx-on),
// which the Content-Security-Policy refuses. Templates mark elements with data attributes.
document.addEventListener("click", function (event) {
  var verwijder = event.target.closest("[data-verwijder-rij]");
  if (verwijder) {
    // Move focus first: the button itself disappears with its row.
    var volgende = document.getElementById(verwijder.dataset.verwijderRij);
    if (volgende) {
      volgende.focus();
    }
    var rij = verwijder.closest("[data-rij]");
    if (rij) {
      rij.remove();
    }
    return;
  }
  if (event.target.closest("[data-afdrukken]")) {
    window.print();
  }
});
