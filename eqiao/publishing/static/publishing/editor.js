// The article form's rich-text editor: Quill (vendored, static/publishing/vendor/quill)
// over the plain <textarea name="body_html">, which stays the form's field (and is what
// a browser without JavaScript edits). Images go up through the image endpoint, which
// checks and re-encodes them; the server sanitises whatever HTML arrives.
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  if (!form) return;
  var textarea = form.querySelector("textarea[name=body_html]");
  var holder = document.getElementById("editor");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function counts() {
    var short = form.querySelector("textarea[name=short_text]");
    var out = document.getElementById("short-counts");
    if (!short || !out) return;
    var text = short.value;
    var n = text.length;
    var ascii = 0;
    for (var i = 0; i < n; i++) if (text.charCodeAt(i) < 128) ascii++;
    var gsm = ascii === n;
    var single = gsm ? 160 : 70, multi = gsm ? 153 : 67;
    var segments = n === 0 ? 0 : n <= single ? 1 : Math.ceil(n / multi);
    var weibo = (n - ascii) + Math.ceil(ascii / 2);
    out.textContent = out.dataset.smsLabel + "：" + n + " / " + segments + " · " +
      out.dataset.weiboLabel + "：" + weibo + "/2000";
  }
  var shortField = form.querySelector("textarea[name=short_text]");
  if (shortField) shortField.addEventListener("input", counts);

  if (!window.Quill || !textarea || !holder) return;
  holder.hidden = false;
  holder.style.minHeight = "18rem";
  holder.style.background = "#fff";
  textarea.hidden = true;
  var quill = new window.Quill(holder, {
    theme: "snow",
    modules: {
      toolbar: {
        container: [[{ header: [2, 3, false] }], ["bold", "italic", "underline"],
          [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "link", "image"], ["clean"]],
        handlers: {
          image: function () {
            var input = document.createElement("input");
            input.type = "file";
            input.accept = "image/jpeg,image/png,image/gif,image/webp";
            input.addEventListener("change", function () {
              if (!input.files.length) return;
              var data = new FormData();
              data.append("file", input.files[0]);
              data.append("alt", window.prompt(form.dataset.altPrompt || "图片说明（替代文字）") || "");
              fetch(form.dataset.uploadUrl, {
                method: "POST", body: data, credentials: "same-origin",
                headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
              }).then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
                .then(function (res) {
                  if (!res[0]) { window.alert(res[1].detail); return; }
                  var range = quill.getSelection(true);
                  quill.insertEmbed(range.index, "image", res[1].url, "user");
                });
            });
            input.click();
          }
        }
      }
    }
  });
  quill.clipboard.dangerouslyPasteHTML(textarea.value);  // the server-sanitised HTML
  function sync() { textarea.value = quill.getSemanticHTML ? quill.getSemanticHTML() : quill.root.innerHTML; }
  quill.on("text-change", sync);
  form.addEventListener("submit", sync);
})();
