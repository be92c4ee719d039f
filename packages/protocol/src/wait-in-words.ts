/**
 * A wait said as a person would say it ("about an hour", "about 5 minutes", "a few seconds"),
 * for every rate-limit and busy answer, on the hub and in the web app alike: nobody should read
 * "wait 3332 seconds". Rounded up, so the wait named is never shorter than the real one by much.
 */
export function waitInWords(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds <= 10) return 'a few seconds';
  if (seconds < 50) return 'less than a minute';
  if (seconds < 90) return 'about a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 50) return `about ${minutes} minutes`;
  if (minutes < 90) return 'about an hour';
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `about ${hours} hours`;
  return `about ${Math.round(hours / 24)} days`;
}
