/* An improvement only: when the date of a record form changes, the member pickers are replaced by the
   roster of the new date (what the "list them" button does without JavaScript), keeping what was ticked. */
(function () {
  var form = document.querySelector("form.entry-form[data-roster-url]");
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var dateInput = form.querySelector("input[name=date]");
  if (!dateInput) { return; }
  dateInput.addEventListener("change", function () {
    if (!dateInput.value) { return; }
    var url = form.getAttribute("data-roster-url") + "?date=" + encodeURIComponent(dateInput.value);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, "text/html");
      form.querySelectorAll(".field[data-roster]").forEach(function (field) {
        var name = field.getAttribute("data-roster");
        var replacement = fresh.querySelector('.field[data-roster="' + name + '"]');
        if (!replacement) { return; }
        var kept = {};
        field.querySelectorAll("input:checked, select").forEach(function (input) {
          kept[input.name + "=" + input.value] = true;
        });
        replacement.querySelectorAll("input[type=checkbox]").forEach(function (input) {
          input.checked = !!kept[input.name + "=" + input.value];
        });
        replacement.querySelectorAll("select").forEach(function (select) {
          Array.prototype.forEach.call(select.options, function (option) {
            if (kept[select.name + "=" + option.value] && option.value) { select.value = option.value; }
          });
        });
        field.replaceWith(document.importNode(replacement, true));
      });
      var picker = document.querySelector("form.picker input[name=date]");
      if (picker) { picker.value = dateInput.value; }
    });
  });
})();
