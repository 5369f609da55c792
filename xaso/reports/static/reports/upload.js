/* Upload progress: htmx reports the bytes sent; the bar fills, then says the file is being
 * checked (reading 600 communes takes a second or two). Without JavaScript the form posts
 * normally and the report page comes back all the same. */
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.querySelector("#upload-progress progress");
    var text = document.querySelector("#upload-progress .progress-text");
    if (!bar || !event.detail.lengthComputable) return;
    var pct = Math.round((event.detail.loaded / event.detail.total) * 100);
    bar.value = pct;
    if (pct >= 100 && text && text.dataset.checking) text.textContent = text.dataset.checking;
  });
})();
