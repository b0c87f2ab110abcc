// Lint for the web UI: Next.js's own rules (React, hooks, imports, Core Web Vitals) and
// TypeScript's, plus the whole strict jsx-a11y set, because Next enables only a handful
// of accessibility rules. `npm run lint` allows no warnings, so a warning fails too.
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import jsxA11y from "eslint-plugin-jsx-a11y";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    // The plugin itself is registered by eslint-config-next; only its rules are added here.
    name: "taskbox/jsx-a11y-strict",
    files: ["**/*.{jsx,tsx}"],
    rules: jsxA11y.flatConfigs.strict.rules,
  },
  {
    name: "taskbox/typescript",
    rules: {
      // `{ title: _dropped, ...rest }` drops a key on purpose; `_` names a value not needed.
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: "taskbox/lint-options",
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    name: "taskbox/ignores",
    ignores: [".test-build/**"],
  },
];

export default config;
