// The API client: bearer token in sessionStorage (per tab, gone when the tab closes, never
// sent by the browser on its own, so no CSRF), JSON in and out, problem+json turned into errors.

const TOKEN_KEY = "classbridge.token";

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || "error");
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors || [];
    this.problem = problem; // extension members too (a booking's conflicts)
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function api(method, path, body, contentType = "application/json", extra = {}) {
  const headers = { Accept: "application/json", ...extra };
  const auth = token();
  if (auth) headers.Authorization = `Bearer ${auth}`;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = contentType;
    payload = contentType.endsWith("json") ? JSON.stringify(body) : body;
  }
  const response = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's HTML error page (502, 504) on the way to a school
    data = { status: response.status, title: response.statusText || `HTTP ${response.status}` };
  }
  if (!response.ok) {
    // only the token this request carried, if it is still the tab's, is gone: a late 401 of a
    // request sent before a logout (a poll, an event stream) must not draw the login page a
    // second time, nor end a session begun since
    if (response.status === 401 && path !== "/auth/login" && auth && token() === auth) {
      setToken(null);
      window.dispatchEvent(new Event("classbridge:logged-out"));
    }
    throw new ApiError(data || { status: response.status, title: response.statusText });
  }
  return data;
}
