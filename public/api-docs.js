// Renders /api/v1/openapi.json as a readable list of endpoints (no third-party viewer needed).
(async () => {
  const target = document.getElementById("endpoints");
  const text = (tag, value, className) => {
    const node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  };
  try {
    const spec = await (await fetch("/api/v1/openapi.json")).json();
    target.replaceChildren();
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const section = document.createElement("section");
        section.className = "endpoint";
        section.append(text("h2", `${method.toUpperCase()} ${path}`));
        if (operation.summary) section.append(text("p", operation.summary));
        const params = (operation.parameters || []).map((p) => `${p.name} (${p.in})${p.required ? "" : ", optional"}${p.description ? ": " + p.description : ""}`);
        if (params.length) section.append(text("p", "Parameters: " + params.join("; "), "hint"));
        const responses = Object.entries(operation.responses || {}).map(([status, r]) => `${status} ${r.description || ""}`.trim());
        section.append(text("p", "Responses: " + responses.join(" · "), "hint"));
        target.append(section);
      }
    }
  } catch (error) {
    target.replaceChildren(text("p", "Could not load the API description: " + error));
  }
})();
