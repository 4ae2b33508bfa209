export {
  type AmountNotation,
  CashAdapterSettings,
  type CashAdapterSettingsInput,
  cashAdapterSettings,
} from './cash-adapter-settings.ts';
