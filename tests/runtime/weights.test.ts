import { expect } from '@esm-bundle/chai';
import { fetchModelArtifacts, WeightsError } from '../../src/runtime/weights.js';
import { shippedUrl } from '../../src/runtime/assets.js';

describe('fetchModelArtifacts', () => {
  it('reads model.json and its shard, reporting progress by bytes up to 1', async () => {
    const progress: number[] = [];
    const artifacts = await fetchModelArtifacts(shippedUrl('vae-mnist/model.json'), { onProgress: (f) => progress.push(f) });
    expect(artifacts.weightSpecs!.length).to.be.greaterThan(0);
    expect((artifacts.weightData as ArrayBuffer).byteLength).to.be.greaterThan(1e6);
    expect(progress[0]).to.equal(0);
    expect(progress[progress.length - 1]).to.equal(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).to.be.at.least(progress[i - 1]);
  });

  it('names what is wrong: 404, not JSON, not a model, missing shard, wrong shard size', async () => {
    const reason = async (url: string) => {
      try {
        await fetchModelArtifacts(url);
      } catch (e) {
        expect(e).to.be.instanceOf(WeightsError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(await reason('/nowhere/model.json')).to.match(/weights at .*\/nowhere\/model\.json returned 404/);
    expect(await reason('/README.md')).to.match(/are not JSON \(the file starts with "# generative-elements/);
    expect(await reason('/package.json')).to.match(/not a TensorFlow\.js LayersModel/);
    expect(await reason('/tests/fixtures/missing-shard/model.json')).to.match(/weight shard "nowhere\.bin" listed in .* returned 404/);
    const model = await (await fetch(shippedUrl('vae-mnist/model.json'))).json();
    model.weightsManifest[0].paths = [shippedUrl('mnist/labels.json')];
    const url = URL.createObjectURL(new Blob([JSON.stringify(model)]));
    expect(await reason(url)).to.match(/hold \d+ bytes where the manifest needs \d+/);
  });
});
