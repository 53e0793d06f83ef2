/**
 * Jest for the unit suites only: no globalSetup, so no MariaDB or Redis is started.
 * Stryker (`npm run test:mutation`) runs these thousands of times; the integration suites need services and stay in
 * jest.config.js.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  testTimeout: base.testTimeout,
  roots: ["<rootDir>/test/unit"],
  testMatch: ["**/*.test.ts"],
};
