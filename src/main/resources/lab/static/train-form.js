// The train form: train's options as fields, each left empty with its recipe's value as the
// placeholder, and a refusal's line beside the field it names. The runs and design pages use it.
"use strict";

const TrainForm = {
  /** The field of train's option {@code n}: its label, its input (f-n) and its error (e-n). */
  field: n => `<div class="field"><label for="f-${n}">${n}</label>
    <input type="text" id="f-${n}" name="${n}" autocomplete="off"><span class="field-error" id="e-${n}"></span></div>`,

  /** The placeholders: the recipe of {@code model} (an entry of /api/train/form), else none. */
  showRecipe(model) {
    for (const input of document.querySelectorAll(".form input")) {
      input.placeholder = model?.fields?.[input.name] ?? "";
    }
  },

  /** The fields filled in, trimmed, added to {@code fields}: the body of POST /api/train. */
  values(fields) {
    for (const input of document.querySelectorAll(".form input")) {
      if (input.value.trim()) fields[input.name] = input.value.trim();
    }
    return fields;
  },

  /** No field shown wrong any more. */
  clearErrors() {
    document.querySelectorAll(".form .field-error").forEach(e => e.textContent = "");
    document.querySelectorAll(".form input.invalid").forEach(e => e.classList.remove("invalid"));
  },

  /** A refusal beside the field it names; false when it names none of the form's. */
  showError(field, message) {
    if (!field || !$("f-" + field) || !$("e-" + field)) return false;
    $("e-" + field).textContent = message;
    $("f-" + field).classList.add("invalid");
    return true;
  },
};
