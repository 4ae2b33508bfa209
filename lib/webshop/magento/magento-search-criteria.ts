/**
 * Magento's `searchCriteria` query parameters: each `filter` is its own filter group (groups are AND-ed;
 * filters inside one group would be OR-ed), then page size, page and sort orders.
 */
export class SearchCriteria {
  private readonly filters: Array<{ field: string; value: string; condition: string }> = [];
  private readonly sorts: Array<{ field: string; direction: 'ASC' | 'DESC' }> = [];
  private size?: number;
  private current?: number;

  filter(field: string, value: string, condition: string): this {
    this.filters.push({ field, value, condition });
    return this;
  }

  sort(field: string, direction: 'ASC' | 'DESC'): this {
    this.sorts.push({ field, direction });
    return this;
  }

  page(pageSize: number, currentPage: number): this {
    this.size = pageSize;
    this.current = currentPage;
    return this;
  }

  toQuery(): URLSearchParams {
    const query = new URLSearchParams();
    this.filters.forEach((filter, group) => {
      const prefix = `searchCriteria[filter_groups][${group}][filters][0]`;
      query.set(`${prefix}[field]`, filter.field);
      query.set(`${prefix}[value]`, filter.value);
      query.set(`${prefix}[condition_type]`, filter.condition);
    });
    this.sorts.forEach((sort, index) => {
      query.set(`searchCriteria[sortOrders][${index}][field]`, sort.field);
      query.set(`searchCriteria[sortOrders][${index}][direction]`, sort.direction);
    });
    if (this.size !== undefined) query.set('searchCriteria[pageSize]', String(this.size));
    if (this.current !== undefined) query.set('searchCriteria[currentPage]', String(this.current));
    return query;
  }
}

/** Parsed back (the simulator's side): filter groups, sorts, page. */
export interface ReadSearchCriteria {
  groups: Array<Array<{ field: string; value: string; condition: string }>>;
  sorts: Array<{ field: string; direction: 'ASC' | 'DESC' }>;
  pageSize?: number;
  currentPage?: number;
}

export function readSearchCriteria(query: URLSearchParams): ReadSearchCriteria {
  const groups: ReadSearchCriteria['groups'] = [];
  const sorts: ReadSearchCriteria['sorts'] = [];
  for (const [name, value] of query) {
    const filter =
      /^searchCriteria\[filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type)\]$/.exec(
        name,
      );
    if (filter) {
      const group = groups[Number(filter[1])] ?? [];
      groups[Number(filter[1])] = group;
      const entry = group[Number(filter[2])] ?? { field: '', value: '', condition: 'eq' };
      group[Number(filter[2])] = entry;
      if (filter[3] === 'condition_type') entry.condition = value;
      else entry[filter[3] as 'field' | 'value'] = value;
      continue;
    }
    const sort = /^searchCriteria\[sortOrders\]\[(\d+)\]\[(field|direction)\]$/.exec(name);
    if (sort) {
      const entry = sorts[Number(sort[1])] ?? { field: '', direction: 'ASC' };
      sorts[Number(sort[1])] = entry;
      if (sort[2] === 'field') entry.field = value;
      else entry.direction = value.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
    }
  }
  const number = (name: string) => {
    const value = query.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  return {
    groups: groups.map((group) => group.filter(Boolean)),
    sorts: sorts.filter(Boolean),
    pageSize: number('searchCriteria[pageSize]'),
    currentPage: number('searchCriteria[currentPage]'),
  };
}

/** ISO time as Magento's filters take it: `YYYY-MM-DD HH:MM:SS` in UTC (whatever the store's time zone). */
export function magentoTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a time: ${iso.slice(0, 40)}`);
  return at.toISOString().slice(0, 19).replace('T', ' ');
}
