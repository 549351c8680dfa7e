// The masking moved to src/util/secrets.ts (one function for every place a command line or tool argument leaves
// clawtrace); card code keeps importing it from here.
export { maskSecrets } from '../../util/secrets.js';
