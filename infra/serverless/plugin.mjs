// The repository's own Serverless plugin (listed in serverless.yml). Plain JavaScript, as osls loads
// plugins with require/import; the work is done by TypeScript modules loaded through tsx, which a
// checkout that can deploy always has (a devDependency).
import { tsImport } from 'tsx/esm/api';

const load = (path) => tsImport(path, import.meta.url);

/**
 * - Builds dist/zips from the current code and exporter.yaml before anything is packaged, so
 *   `osls package` and `osls deploy` never ship a stale bundle or config (infra/build/package.ts).
 * - Adds the CloudWatch alarms and the optional dashboard that `custom.exporter` asks for to the
 *   compiled template (infra/serverless/monitoring.ts).
 */
export default class ServerlessKafkaExporterPlugin {
  constructor(serverless, _options, { log } = {}) {
    this.serverless = serverless;
    this.log = log ?? { notice: console.log, warning: console.warn };
    const buildZips = () => this.buildZips();
    this.hooks = {
      'before:package:createDeploymentArtifacts': buildZips,
      'before:deploy:function:packageFunction': buildZips,
      'before:package:finalize': () => this.addMonitoring(),
    };
  }

  async buildZips() {
    const { packageConfigPath, packageFunctions } = await load('../build/package.ts');
    const configPath = packageConfigPath(process.env);
    this.log.notice(`exporter: packaging the functions with ${configPath}`);
    const zips = await packageFunctions(configPath, (text) => this.log.warning(text));
    for (const z of zips) this.log.notice(`exporter: built ${z.zip} (${(z.bytes / 1024).toFixed(0)} KB)`);
  }

  async addMonitoring() {
    const { monitoringOfService } = await load('./service-view.ts');
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const added = monitoringOfService(this.serverless);
    Object.assign(template.Resources, added);
    const names = Object.keys(added);
    if (names.length > 0) this.log.notice(`exporter: ${names.length} monitoring resource(s) added`);
  }
}
