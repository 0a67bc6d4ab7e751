import type { KindView } from '~/fields/views';

/** Each factor with its categories; a category links to the library filtered on it. */
export const factorsView: KindView<'factors'> = {
  View: ({ value }) => (
    <ul className="factors-list">
      {value.map((f, i) => (
        <li key={i}>
          {f.text}{' '}
          {f.categories.map((c) => (
            <a key={c} className="factor-tag" href={`/library?factor=${encodeURIComponent(c)}`} title={`Reviews with a ${c} factor`}>
              {c}
            </a>
          ))}
        </li>
      ))}
    </ul>
  ),
};
