import { useEffect } from 'preact/hooks';
import { interpolate, type Messages } from '../i18n/index.ts';

/** Shown before sign-in (outside the app's services): one button, `Inloggen`. */
export function SignInPage(props: {
  m: Messages;
  onSignIn(): void;
  problem?: string | undefined;
  busy?: boolean;
}) {
  const { m } = props;
  useEffect(() => {
    document.title = `${m.auth.signInTitle} · ${m.app.name}`;
  }, [m]);
  return (
    <main id="main" class="sign-in">
      <h1>{m.auth.signInTitle}</h1>
      <p>{m.auth.signInText}</p>
      {props.problem ? (
        <div class="notice notice-error" role="alert">
          {interpolate(m.auth.failed, { reason: props.problem })}
        </div>
      ) : null}
      <button type="button" class="button-primary" onClick={props.onSignIn} disabled={props.busy}>
        {m.auth.signIn}
      </button>
    </main>
  );
}
