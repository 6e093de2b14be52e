/**
 * How inbound Bot Framework requests are authenticated and outbound connector calls signed.
 *
 * With an app id every request must carry a Bot Framework JWT (issuer https://api.botframework.com, audience
 * = app id, signed by a key from the OpenID metadata, `serviceUrl` claim = the activity's serviceUrl, key
 * endorsed for the channel). Without one (local development only) botbuilder skips validation and calls the
 * connector anonymously.
 *
 * botbuilder takes a metadata override only as part of a fully "parameterized" configuration: once
 * `ToBotFromChannelOpenIdMetadataUrl` is set, every other endpoint must be given too, or it is left empty.
 * So the override repeats botbuilder's public-cloud constants next to the custom URL.
 */
import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';

export interface TeamsAuthSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /** Where the Bot Framework's signing keys are announced (sovereign clouds, tests). */
  openIdMetadataUrl?: string;
  /** Tenants whose users the bot acts for (DEA_TEAMS_TENANTS); the app's tenant when absent. */
  allowedTenants?: string[];
}

/** Who may talk to and approve through the bot: verified Teams users of the allowed tenants. */
export function identityPolicy(settings: TeamsAuthSettings): {
  allowedTenants: string[];
  authenticated: boolean;
} {
  const tenants = settings.allowedTenants?.length
    ? settings.allowedTenants
    : settings.tenantId
      ? [settings.tenantId]
      : [];
  return { allowedTenants: tenants, authenticated: authEnabled(settings) };
}

/** Public-cloud values from botframework-connector's AuthenticationConstants (not re-exported by botbuilder). */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
} as const;

export function authEnabled(settings: TeamsAuthSettings): boolean {
  return Boolean(settings.appId?.trim());
}

export function createAuthentication(
  settings: TeamsAuthSettings,
  credentialsFactory?: ConfigurationServiceClientCredentialFactory,
): ConfigurationBotFrameworkAuthentication {
  if (!authEnabled(settings)) {
    return new ConfigurationBotFrameworkAuthentication(
      { MicrosoftAppId: '', MicrosoftAppPassword: '' },
      credentialsFactory,
    );
  }
  const base: Record<string, string> = {
    MicrosoftAppId: settings.appId!.trim(),
    MicrosoftAppType: settings.appType,
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
  };
  const endpoints = settings.openIdMetadataUrl
    ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl }
    : {};
  return new ConfigurationBotFrameworkAuthentication({ ...base, ...endpoints }, credentialsFactory);
}
