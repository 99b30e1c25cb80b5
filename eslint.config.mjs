import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

// Owner boundaries (docs/jobs.md, docs/architecture): only src/lib/store talks to Redis, only
// src/lib/notion to Notion (and it hands out no SDK types), and the job layer knows nothing of either.
const REDIS_CLIENTS = [
  { name: "@upstash/redis", message: "Only src/lib/store talks to Redis: call a named store operation." },
  { name: "ioredis", message: "Only src/lib/store talks to Redis: call a named store operation." },
];
const NOTION_SDK = {
  name: "@notionhq/client",
  message: "Only src/lib/notion talks to Notion: use NotionApi and the reshape converters.",
};
const NOTION_SDK_VALUES_ONLY = {
  name: "@notionhq/client",
  allowImportNames: ["Client", "APIResponseError", "APIErrorCode", "LogLevel", "isNotionClientError"],
  message: "src/lib/notion hands out our own types (NotionObject, NotionList, …), never the SDK's.",
};
// Deep imports of the SDKs are the same SDKs (their types and clients under another path).
const SDK_DEEP_IMPORTS = {
  group: ["@notionhq/client/*", "@upstash/redis/*", "ioredis/*"],
  message:
    "Import the SDKs only where they are owned (src/lib/notion, src/lib/store), and never by a deep path.",
};
// Store.redis however it is reached: store.redis, store["redis"], const { redis } = store.
const REDIS_MEMBER_MESSAGE =
  "Only src/lib/store touches the Redis client (Store.redis): add a named operation there.";
const NO_REDIS_MEMBER = [
  { selector: "MemberExpression[property.name='redis']", message: REDIS_MEMBER_MESSAGE },
  { selector: "MemberExpression[computed=true][property.value='redis']", message: REDIS_MEMBER_MESSAGE },
  { selector: "ObjectPattern > Property[key.name='redis']", message: REDIS_MEMBER_MESSAGE },
  { selector: "ObjectPattern > Property[key.value='redis']", message: REDIS_MEMBER_MESSAGE },
];
const JOB_LAYER_PATTERNS = [
  {
    group: ["**/notion/*", "**/sync/*", "@/lib/notion/*", "@/lib/sync/*"],
    message: "src/lib/jobs knows no job type: it must not import notion/ or sync/ (see docs/jobs.md).",
  },
  { group: ["next", "next/*"], message: "src/lib/jobs runs outside Next (CLI, tests): no next/* imports." },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next*/**",
      ".data/**",
      "coverage/**",
      "test-artifacts/**",
      "bench/results/**",
      "next-env.d.ts",
      "*.config.mjs",
    ],
  },
  ...nextCoreWebVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/lib/store/**", "src/lib/notion/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [...REDIS_CLIENTS, NOTION_SDK], patterns: [SDK_DEEP_IMPORTS] },
      ],
      "no-restricted-syntax": ["error", ...NO_REDIS_MEMBER],
    },
  },
  {
    files: ["src/lib/jobs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [...REDIS_CLIENTS, NOTION_SDK], patterns: [...JOB_LAYER_PATTERNS, SDK_DEEP_IMPORTS] },
      ],
    },
  },
  {
    files: ["src/lib/notion/**/*.ts"],
    ignores: ["src/lib/notion/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [...REDIS_CLIENTS, NOTION_SDK_VALUES_ONLY], patterns: [SDK_DEEP_IMPORTS] },
      ],
      "no-restricted-syntax": ["error", ...NO_REDIS_MEMBER],
    },
  },
);
