// Words that follow a number.

/**
 * "1 case", "3 cases".
 * @param {number} n
 * @param {string} one
 * @param {string} many
 */
export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
