// The API documentation page (/api/v1/docs): Swagger UI on the app's own OpenAPI document. BaseLayout, not the
// standalone layout: that one's top bar draws a logo whose <style> element the CSP refuses; and no syntax
// highlighting, whose highlighter writes inline styles.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    syntaxHighlight: false,
  });
});
