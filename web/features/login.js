import { api, setToken } from "../api.js";
import { messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";
import { showPasswordChange } from "./password.js";

/** The login form; calls done() once a token is stored. */
export function showLogin(main, done) {
  const message = h("p", { class: "error", role: "alert", "data-test": "login-error" });
  const username = h("input", {
    name: "username", autocomplete: "username", required: true, "data-test": "login-username",
  });
  const password = h("input", {
    name: "password", type: "password", autocomplete: "current-password", required: true,
    "data-test": "login-password",
  });
  const form = h(
    "form",
    { class: "stack card", "data-test": "login-form" },
    label("h2", "login.title"),
    h("label", {}, label("span", "login.username"), username),
    h("label", {}, label("span", "login.password"), password),
    h("button", { type: "submit", class: "primary", "data-test": "login-submit" },
      label("span", "action.login")),
    message,
  );
  const submit = form.querySelector("[data-test='login-submit']");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    submit.disabled = true; // feedback on a slow link, and no double submit
    try {
      const result = await api("POST", "/auth/login", {
        username: username.value.trim(),
        password: password.value,
      });
      setToken(result.token);
      if (result.mustChangePassword) {
        // a one-time password from a reset: a new password before anything else
        showPasswordChange(main, password.value, done);
        return;
      }
      done();
    } catch (e) {
      message.textContent =
        e.code === "login-throttled" ? t("login.throttled")
        : e.code === "invalid-credentials" ? t("login.failed")
        : e.code === "account-disabled" ? t("login.disabled")
        : messageOf(e);
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
  username.focus();
}
