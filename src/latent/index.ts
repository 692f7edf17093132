export { inverseNormalCdf, normalCdf } from './normal.js';
export { latentGrid, axisValues, axisFraction, type GridSpacing, type LatentGridOptions } from './grid.js';
export { mulberry32, gaussian, randomIndices } from './random.js';
export { lerp, slerp, interpolationPath, meanVector, latentArithmetic, codeOf, gaussianVector, type InterpolationMethod } from './interpolate.js';
