import { isSafeLinkHref } from '~/lib/richtext/text';
import type { KindView } from '~/fields/views';

export const linksView: KindView<'links'> = {
  View: ({ value }) => (
    <ul className="plain">
      {value.map((l, i) => (
        <li key={i}>
          {isSafeLinkHref(l.url) ? (
            <a href={l.url} rel="noopener noreferrer nofollow">
              {l.label || l.url}
            </a>
          ) : (
            l.url
          )}
        </li>
      ))}
    </ul>
  ),
};
