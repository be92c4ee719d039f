/**
 * Common choices of 15 characters or more, from public breach-frequency lists, plus phrases a
 * physician might reach for first. Compared case-insensitively, and with spaces removed.
 */
export const commonPassphrases: readonly string[] = [
  '123456789012345', '1234567890123456', '12345678901234567890', '111111111111111', '000000000000000',
  'qwertyuiopasdfg', 'qwertyuiopasdfghjkl', 'qwertyuiop123456', '1q2w3e4r5t6y7u8i', '1qaz2wsx3edc4rfv',
  'passwordpassword', 'password1234567', 'password123456789', 'passwordpassword1', 'iloveyouiloveyou',
  'abcdefghijklmnop', 'abcdefghijklmnopqrstuvwxyz', 'abc123abc123abc', 'letmeinletmein1', 'welcome12345678',
  'correcthorsebatterystaple', 'correct horse battery staple', 'trustno1trustno1', 'football12345678',
  'baseball12345678', 'superman1234567', 'changemechangeme', 'administrator123', 'qazwsxedcrfvtgb',
  'zaq12wsxcde34rfv', 'mypasswordismypassword', 'thisismypassword', 'this is my password', 'thequickbrownfox',
  'the quick brown fox jumps over the lazy dog', 'thequickbrownfoxjumpsoverthelazydog', 'iamadoctoriamadoctor',
  'doctordoctordoctor', 'medicinemedicine', 'hippocraticoath1', 'first do no harm', 'firstdonoharm123',
  'stethoscope12345', 'myrespitepassword', 'respiterespite123', 'respitepassphrase', 'supportgroup12345',
  'ineedabreaknow123', 'passphrasepassphrase', 'mysecretpassphrase', 'my secret passphrase', 'letmeinplease123',
  'iloveyou12345678', 'sunshine12345678', 'princess12345678', 'whatever12345678', 'monkeymonkey1234',
  'dragondragon1234', 'masterkey1234567', 'starwars12345678', 'pokemonpokemon12', 'liverpool1234567',
];
