"""The API docs page renders Swagger UI with no Content-Security-Policy violation."""

from playwright.sync_api import expect


def test_api_docs_render_without_a_csp_violation(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .information-container")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    violations = [text for text in messages if "Content Security Policy" in text]
    assert violations == [], violations
