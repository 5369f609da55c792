/* Xã Số: small behaviour shared by every page (loaded by base.html before htmx).
 *
 * Progressive only: every page works without it. Texts shown to the user come from the
 * page (data-* attributes written by the templates), so they stay translatable.
 */
(function () {
  "use strict";

  // A notice's close button removes the notice.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss='notice']");
    if (button) {
      var notice = button.closest(".notice");
      if (notice) notice.remove();
    }
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
