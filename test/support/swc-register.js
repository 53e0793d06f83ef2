// Lets a child `node` process require the TypeScript sources directly (for crash tests that kill -9 a worker),
// with the same swc settings as jest.config.js.
const { transformSync } = require("@swc/core");
const fs = require("fs");

require.extensions[".ts"] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: "es2022",
      keepClassNames: true,
    },
    module: { type: "commonjs" },
    sourceMaps: "inline",
  });
  module._compile(code, filename);
};
