import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useApp } from './app-context.ts';
import { interpolate } from './i18n/index.ts';
import { MenuPanel } from './menu-panel.tsx';
import { isCurrent, NAV_ITEMS } from './nav-items.ts';

/**
 * Skip link, banner (administration, language, user), navigation and the main landmark. A user granted no
 * administration of this tenant gets no navigation: every page is about an administration's data. On a
 * phone the banner's tools and the navigation fold into the menu (MenuPanel).
 */
export function Layout({ children }: { children: ComponentChildren }) {
  const app = useApp();
  const { m, me } = app;
  const { path } = useLocation();
  const roleName = (m.roles as Record<string, string>)[me.user.role] ?? me.user.role;
  return (
    <>
      <a class="skip-link" href="#main">
        {m.app.skipToContent}
      </a>
      <header class="banner">
        <a class="brand" href="/">
          {m.app.name}
        </a>
        <MenuPanel path={path}>
          {(closeMenu) => (
            <>
              <div class="banner-tools">
                {me.administrations.length > 0 ? (
                  <label class="administration-picker">
                    <span>{m.app.administration}</span>
                    <select
                      value={app.administration}
                      onChange={(event) =>
                        app.setAdministration((event.currentTarget as HTMLSelectElement).value)
                      }
                    >
                      {me.administrations.map((adm) => (
                        <option key={adm.code} value={adm.code}>
                          {adm.code} · {adm.name}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
                <button
                  type="button"
                  class="button-link"
                  lang={app.locale === 'nl' ? 'en' : 'nl'}
                  onClick={() => app.setLocale(app.locale === 'nl' ? 'en' : 'nl')}
                >
                  {m.app.switchLanguage}
                </button>
                <span class="user">
                  {interpolate(m.app.signedInAs, { name: me.user.name ?? me.user.username, role: roleName })}
                </span>
                <button type="button" class="button-secondary" onClick={app.signOut}>
                  {m.auth.signOut}
                </button>
              </div>
              {me.administrations.length > 0 ? (
                <nav class="main-nav" aria-label={m.app.mainNav}>
                  <ul>
                    {NAV_ITEMS.filter((item) => app.can(item.action)).map((item) => (
                      <li key={item.path}>
                        <a
                          href={item.path}
                          aria-current={isCurrent(item, path) ? 'page' : undefined}
                          onClick={closeMenu}
                        >
                          {item.label(m)}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
            </>
          )}
        </MenuPanel>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
