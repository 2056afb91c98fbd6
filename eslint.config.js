// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** Imports that only one place may make (STYLE.md: the machines enforce the rules). */
const restricted = (/** @type {string[]} */ names, /** @type {string} */ where) =>
  names.map((name) => ({ name, message: `${name} may only be imported in ${where}.` }));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'tmp/**',
      'equidose-demo/**',
      'models/train/**',
      'notebooks/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'import-x/no-cycle': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 15],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...restricted(['dcmjs'], 'src/dicom'),
            ...restricted(['onnxruntime-node'], 'src/synthct/onnx-runner.ts'),
            ...restricted(['gpu.js'], 'kernels/'),
          ],
        },
      ],
    },
  },
  { files: ['src/dicom/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/synthct/onnx-runner.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['kernels/**', 'tests/kernels/**', 'tests/browser/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['tests/**'],
    rules: { 'max-lines': 'off', complexity: 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
