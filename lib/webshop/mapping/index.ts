export { allocateCents } from './allocate-cents.ts';
export { type BookingSettingsResult, parseBookingSettings, ShopBookingSettings } from './booking-settings.ts';
export { EU_COUNTRIES, euVatIdCountry } from './eu-vat-id.ts';
export { mapShopOrder } from './map-shop-order.ts';
