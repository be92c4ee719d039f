module.exports = {
  ...require('../../jest.preset.cjs'),
  testTimeout: 30_000,
  // Browser journeys share one Chromium and the machine has two cores: run them apart from the rest
  // ('only'), except where a suite names its browser files itself ('also': test:security).
  testPathIgnorePatterns: ['only', 'also'].includes(process.env.RESPITE_BROWSER_TESTS ?? '') ? [] : ['\\.browser\\.test\\.ts$'],
  ...(process.env.RESPITE_BROWSER_TESTS === 'only' ? { testMatch: ['<rootDir>/src/**/*.browser.test.ts'] } : {}),
};
