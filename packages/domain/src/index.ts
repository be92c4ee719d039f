export * from './access-policy';
export * from './session-timeline';
export * from './handle-key';
export * from './passphrase-rule';
export * from './alias-rules';
export * from './weekly-schedule';
export * from './crisis-detector';
export * from './small-count-suppression';
