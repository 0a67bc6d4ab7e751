import type { InputHTMLAttributes, ReactNode } from 'react';

/** A labelled input with its validation message right below it (linked by aria-describedby). */
export function FormField({
  name,
  label,
  error,
  help,
  children,
  ...input
}: { name: string; label: string; error?: string; help?: ReactNode; children?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = input.id ?? name;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {children ?? <input id={id} name={name} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined} {...input} />}
      {help ? <p className="help">{help}</p> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
