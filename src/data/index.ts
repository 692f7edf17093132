export { loadMnist, binarise, type DigitSet, type MnistSplitName } from './mnist.js';
export { decodeSprite } from './sprite.js';
