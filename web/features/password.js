// Setting a new password: at the first login after a reset (the one-time password opens nothing
// else), and whenever the server says the session may only change its password.
import { api, setToken } from "../api.js";
import { applyTo, messageOf, t } from "../i18n.js";
import { clear, h, label } from "../dom.js";

/**
 * The new-password form. oneTime is the password just used to log in, when known (then it is not
 * asked for again); done() runs once the new token is stored.
 */
export function showPasswordChange(main, oneTime, done) {
  const message = h("p", { class: "error", role: "alert", "data-test": "password-error" });
  const old = h("input", {
    name: "oldPassword", type: "password", autocomplete: "current-password", required: true,
    "data-test": "password-old",
  });
  const fresh = h("input", {
    name: "newPassword", type: "password", autocomplete: "new-password", required: true,
    minlength: 8, maxlength: 128, "data-test": "password-new",
  });
  const again = h("input", {
    name: "repeat", type: "password", autocomplete: "new-password", required: true,
    minlength: 8, maxlength: 128, "data-test": "password-repeat",
  });
  const submit = h("button", { type: "submit", class: "primary", "data-test": "password-submit" },
    label("span", "action.save"));
  const form = h(
    "form",
    { class: "stack card", "data-test": "password-form" },
    label("h2", "password.title"),
    label("p", "password.explain", { class: "muted" }),
    oneTime ? null : h("label", {}, label("span", "password.old"), old),
    h("label", {}, label("span", "password.new"), fresh),
    h("label", {}, label("span", "password.repeat"), again),
    submit,
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    if (fresh.value !== again.value) {
      message.textContent = t("password.mismatch");
      return;
    }
    submit.disabled = true;
    try {
      const result = await api("POST", "/me/password", {
        oldPassword: oneTime ?? old.value,
        newPassword: fresh.value,
      });
      setToken(result.token);
      done();
    } catch (e) {
      message.textContent =
        e.code === "wrong-password" ? t("password.wrongOld")
        : e.code === "validation-failed" ? t("password.rules")
        : messageOf(e);
    } finally {
      submit.disabled = false;
    }
  });
  clear(main).append(form);
  applyTo(form);
  (oneTime ? fresh : old).focus();
}
