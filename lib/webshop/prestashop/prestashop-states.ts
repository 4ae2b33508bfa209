import type { ShopOrderLifecycle } from '../shop-order.ts';

/**
 * PrestaShop's order states (`current_state` ids) of a fresh install, onto the lifecycle. A shop can add or
 * renumber states (Back office › Orders › Statuses): the tenant's own table replaces this one.
 */
export const DEFAULT_PRESTASHOP_STATES: Readonly<Record<string, ShopOrderLifecycle>> = {
  '1': 'pending', // Awaiting check payment
  '2': 'paid', // Payment accepted
  '3': 'paid', // Processing in progress
  '4': 'completed', // Shipped
  '5': 'completed', // Delivered
  '6': 'cancelled', // Canceled
  '7': 'refunded', // Refunded
  '8': 'failed', // Payment error
  '9': 'paid', // On backorder (paid)
  '10': 'pending', // Awaiting bank wire payment
  '11': 'paid', // Remote payment accepted
  '12': 'pending', // On backorder (not paid)
  '13': 'pending', // Awaiting Cash On Delivery validation
};

/** The states the client moves an order to when CASH ships or completes it (default: 4 Shipped, 5 Delivered). */
export interface PrestashopStatusStates {
  shipped: number;
  completed: number;
}

export const DEFAULT_STATUS_STATES: PrestashopStatusStates = { shipped: 4, completed: 5 };
