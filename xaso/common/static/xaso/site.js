/* Xã Số: small behaviour shared by every page (loaded by base.html before htmx).
 *
 * Progressive only: every page works without it. Texts shown to the user come from the
 * page (data-* attributes written by the templates), so they stay translatable.
 */
(function () {
  "use strict";

  // Text made safe to put into HTML. Every piece of data that a script joins into an HTML
  // string (a chart's or the map's tooltip) goes through it: names, decision numbers and
  // indicator names are typed by users and must show as text, never run as markup.
  // Loaded first (base.html), so the page's own scripts find it as window.XaSo.escape.
  var entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHtml(value) {
    if (value === null || value === undefined) return "";
    return String(value).replace(/[&<>"']/g, function (c) { return entities[c]; });
  }
  window.XaSo = window.XaSo || {};
  window.XaSo.escape = escapeHtml;

  // No inline handlers anywhere (the Content-Security-Policy allows no inline script):
  // the templates mark controls with data-* attributes and these listeners act for them.
  document.addEventListener("click", function (event) {
    // A notice's close button removes the notice.
    var button = event.target.closest("[data-dismiss='notice']");
    if (button) {
      var notice = button.closest(".notice");
      if (notice) notice.remove();
    }
    // "In trang này": the browser's print dialog.
    if (event.target.closest("[data-print]")) window.print();
  });

  // A filter (district, scope) that applies as soon as it is chosen: its form is sent.
  // The form keeps a submit button inside <noscript> for browsers without JavaScript.
  document.addEventListener("change", function (event) {
    var control = event.target.closest("[data-autosubmit]");
    var form = control && control.form;
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });

  // "Hiện mật khẩu": a checkbox that shows or hides the password it names. It is hidden
  // in the HTML and revealed here, so it never appears where it cannot work.
  document.querySelectorAll("[data-reveal-password]").forEach(function (box) {
    var input = document.getElementById(box.getAttribute("data-reveal-password"));
    var wrapper = box.closest("[hidden]");
    if (!input) return;
    if (wrapper) wrapper.hidden = false;
    box.addEventListener("change", function () {
      input.type = box.checked ? "text" : "password";
    });
  });

  // A notice like the server's, added to the page's #messages list.
  function notify(text, level) {
    var list = document.getElementById("messages");
    if (!list || !text) return;
    var template = document.getElementById("notice-template");
    var notice = template.content.firstElementChild.cloneNode(true);
    notice.classList.add(level);
    notice.setAttribute("role", level === "error" ? "alert" : "status");
    notice.querySelector("p").textContent = text;
    list.appendChild(notice);
  }

  // htmx: a request that never reached the server, or that the server refused, must say
  // so; what was typed stays in the form (htmx swaps nothing on these errors).
  var body = document.body;
  document.addEventListener("htmx:sendError", function () {
    notify(body.getAttribute("data-msg-network"), "error");
  });
  document.addEventListener("htmx:responseError", function () {
    notify(body.getAttribute("data-msg-server"), "error");
  });
})();
