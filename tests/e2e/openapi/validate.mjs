// Validates an OpenAPI document against the OpenAPI 3 schema and resolves every $ref in it.
// Usage: node validate.mjs FILE — exits 0 when valid, 1 with the validator's findings otherwise.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs FILE");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
