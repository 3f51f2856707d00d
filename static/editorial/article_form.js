// The article form on the desk: who else has it open, and the address its title will get.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function watchPresence(desk, form) {
    var url = desk.dataset.presenceUrl;
    var notice = document.getElementById("editing-presence");
    if (!url || !notice) return;
    var names = notice.querySelector(".editing-names");
    var every = parseInt(desk.dataset.pingMs, 10) || 20000;

    function show(others) {
      names.textContent = others.join(", ");
      notice.hidden = others.length === 0;
    }

    function ping() {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken(form));
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) show(data.others || []); })
        .catch(function () { /* offline for a moment: the next ping will tell */ });
    }

    var timer = window.setInterval(ping, every);
    window.addEventListener("pagehide", function () {
      window.clearInterval(timer);
      if (desk.dataset.canEdit !== "1" || !navigator.sendBeacon) return;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken(form));
      body.append("leave", "1");
      navigator.sendBeacon(url, body);
    });
  }

  function followSlug(desk) {
    var title = document.getElementById("id_title");
    var shown = document.querySelector(".field-slug .readonly");
    if (!title || !shown || desk.dataset.slugFollows !== "1" || desk.dataset.canEdit !== "1") return;
    var url = desk.dataset.slugUrl;
    var pending = null;
    title.addEventListener("input", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        var query = new URLSearchParams({ title: title.value, pk: desk.dataset.articleId || "" });
        fetch(url + "?" + query.toString(), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) { if (data) shown.textContent = data.slug || "—"; })
          .catch(function () {});
      }, 400);
    });
  }

  ready(function () {
    var desk = document.getElementById("article-desk");
    if (!desk) return;
    var form = desk.closest("form");
    watchPresence(desk, form);
    followSlug(desk);
  });
})();
