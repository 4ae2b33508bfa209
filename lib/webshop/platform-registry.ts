import { ccvshopPlatform } from './ccvshop/index.ts';
import { lightspeedPlatform } from './lightspeed/index.ts';
import { magentoPlatform } from './magento/index.ts';
import { prestashopPlatform } from './prestashop/index.ts';
import { SHOP_PLATFORMS, type ShopPlatformName } from './shop-order.ts';
import type { ShopPlatform } from './shop-platform.ts';
import { woocommercePlatform } from './woocommerce/index.ts';

/** The platform modules by name: `lib/webshop/<platform>/index.ts` exports `<platform>Platform`. */
const PLATFORMS: Readonly<Partial<Record<ShopPlatformName, ShopPlatform>>> = {
  woocommerce: woocommercePlatform,
  magento: magentoPlatform,
  prestashop: prestashopPlatform,
  lightspeed: lightspeedPlatform,
  ccvshop: ccvshopPlatform,
};

export function isShopPlatformName(name: string): name is ShopPlatformName {
  return (SHOP_PLATFORMS as readonly string[]).includes(name);
}

/** The platform's module, or undefined when its module is not in this build (yet). */
export function shopPlatform(name: ShopPlatformName): ShopPlatform | undefined {
  return PLATFORMS[name];
}

/** The platforms whose modules are in this build. */
export function availableShopPlatforms(): ShopPlatformName[] {
  return SHOP_PLATFORMS.filter((name) => PLATFORMS[name] !== undefined);
}
