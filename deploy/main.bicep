// PolicyBot on Azure: an Azure Bot with the Teams channel, a Linux web app on .NET 10,
// Table Storage reached with a user-assigned managed identity, and Application Insights.
// Deploy into an existing resource group: see docs/deploy.md.

targetScope = 'resourceGroup'

@description('Short name used to derive every resource name (lower-case letters and digits).')
@minLength(3)
@maxLength(12)
param baseName string = 'policybot'

@description('Azure region for everything except the bot registration, which is global.')
param location string = resourceGroup().location

@description('UserAssignedMSI: the bot authenticates as the managed identity (no secret). SingleTenant: as an Entra app registration in this tenant (needs botAppId and botAppPassword).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param msaAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the application (client) ID of the app registration.')
param botAppId string = ''

@description('SingleTenant only: a client secret of the app registration. Leave empty to set it later as an app setting.')
@secure()
param botAppPassword string = ''

@description('User principal name (e-mail) of the Headteacher, the final approver.')
param headteacher string

@description('Prefix of the Table Storage tables the app creates.')
param tablePrefix string = 'policybot'

@description('App Service plan SKU (Linux). B1 is enough for one school.')
param appServiceSku string = 'B1'

@description('Azure Bot SKU. F0 is free and includes the Teams channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

var suffix = uniqueString(resourceGroup().id)
var webAppName = '${baseName}-${suffix}'
var usesManagedIdentity = msaAppType == 'UserAssignedMSI'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id-${suffix}'
  location: location
}

var microsoftAppId = usesManagedIdentity ? identity.properties.clientId : botAppId

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${baseName}${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${baseName}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true
  }
}

var appSettings = [
  { name: 'MicrosoftAppType', value: msaAppType }
  { name: 'MicrosoftAppId', value: microsoftAppId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'Storage__TableServiceUri', value: storage.properties.primaryEndpoints.table }
  { name: 'Storage__TablePrefix', value: tablePrefix }
  { name: 'Directory__Headteacher', value: headteacher }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  // Two glibc malloc arenas instead of up to 8 per core: free native memory (ONNX runtime, thread pool) is reused instead of
  // held per thread. Peak RSS under the load benchmark 348–357 MB → 319 MB, throughput unchanged (bench/README.md).
  { name: 'MALLOC_ARENA_MAX', value: '2' }
  // At least 32 MB allocated between two gen0 collections (hexadecimal; read by the runtime, not the app; there is no
  // runtimeconfig setting for it). .NET sizes gen0 from the CPU's caches; on the 2-core development VM that came to about
  // 2 MB, dozens of collections a second under load. Bot CPU per turn under the load benchmark −9 %, peak RSS +20 MB.
  { name: 'DOTNET_GCgen0size', value: '0x2000000' }
]
var secretSettings = !usesManagedIdentity && !empty(botAppPassword)
  ? [{ name: 'MicrosoftAppPassword', value: botAppPassword }]
  : []

resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: concat(appSettings, secretSettings)
    }
  }
  dependsOn: [
    tableDataContributor
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: webAppName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'PolicyBot'
    description: 'Social Media Policy questions and site approvals for staff.'
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: msaAppType
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: usesManagedIdentity ? identity.id : null
    disableLocalAuth: false
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('BOT_ID for manifest/package.sh: the Microsoft App ID the bot uses.')
output botAppId string = microsoftAppId

@description('BOT_DOMAIN for manifest/package.sh: the web app host name.')
output botDomain string = webApp.properties.defaultHostName

@description('The messaging endpoint registered on the bot.')
output botEndpoint string = bot.properties.endpoint

@description('Name of the web app, for az webapp deploy.')
output webAppName string = webApp.name

@description('Client ID of the managed identity, to grant Microsoft Graph application permissions to.')
output identityClientId string = identity.properties.clientId

@description('Object (principal) ID of the managed identity.')
output identityPrincipalId string = identity.properties.principalId
