/** The languages the receipt OCR reads by default, each from its `@tesseract.js-data/<lang>` package. */
export const RECEIPT_OCR_LANGUAGES = ['nld', 'eng'] as const;

/**
 * The packages the receipt OCR reads its own files from at run time: tesseract.js starts its worker script
 * from its folder, that worker loads the WebAssembly core from tesseract.js-core, and the models are the
 * `.traineddata.gz` files of the language packages. A bundle cannot hold them: they stay outside it,
 * installed beside it (Lambda: `node_modules/` of the function's package; the hub: links to the project's).
 */
export const RECEIPT_OCR_PACKAGES: readonly string[] = [
  'tesseract.js',
  'tesseract.js-core',
  ...RECEIPT_OCR_LANGUAGES.map((lang) => `@tesseract.js-data/${lang}`),
];
