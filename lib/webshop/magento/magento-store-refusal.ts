/** An admin operation Magento would refuse (answered 400 with this message). */
export class MagentoStoreRefusal extends Error {}
