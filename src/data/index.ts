export { loadMnist, binarise, type DigitSet, type MnistSplitName } from './mnist.js';
export { decodeSprite } from './sprite.js';
export { imagesFromSprite, imagesFromFiles, type ImageSet } from './images.js';
