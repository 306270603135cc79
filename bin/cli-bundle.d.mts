export declare const CLI_BUNDLE: string;
export declare function cliBundleIsFresh(): boolean;
export declare function buildCli(): Promise<string>;
