import type { Plugin } from 'esbuild';

/**
 * KafkaJS's entry module loads its consumer and admin client (about 65 KB
 * minified) at start-up, though the functions only ever produce: at 256 MB
 * (14.5% of a core) that is about 50 ms of every cold start. This plugin
 * replaces those two modules in function bundles with a stub that says why it
 * is missing; `Kafka.producer()` is untouched. The CLI (`ske tail`, `ske check`)
 * is bundled without it.
 */
export const producerOnlyKafkajs: Plugin = {
  name: 'producer-only-kafkajs',
  setup(build) {
    build.onResolve({ filter: /^\.\/(consumer|admin)$/ }, (args) =>
      /[\\/]kafkajs[\\/]src[\\/]index\.js$/.test(args.importer)
        ? { path: args.path.slice(2), namespace: 'ske-omitted-kafkajs' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'ske-omitted-kafkajs' }, (args) => ({
      contents: `module.exports = () => { throw new Error(${JSON.stringify(
        `KafkaJS's ${args.path} is left out of the function bundles, which only produce (infra/build/producer-only-kafkajs.ts)`,
      )}); };`,
      loader: 'js',
    }));
  },
};
