/** The five Flemish provinces with their NUTS 2 codes. */
export enum Province {
  ANTWERPEN = 'BE21',
  LIMBURG = 'BE22',
  OOST_VLAANDEREN = 'BE23',
  VLAAMS_BRABANT = 'BE24',
  WEST_VLAANDEREN = 'BE25',
}

export const PROVINCE_NAMES: Record<Province, string> = {
  [Province.ANTWERPEN]: 'Antwerpen',
  [Province.LIMBURG]: 'Limburg',
  [Province.OOST_VLAANDEREN]: 'Oost-Vlaanderen',
  [Province.VLAAMS_BRABANT]: 'Vlaams-Brabant',
  [Province.WEST_VLAANDEREN]: 'West-Vlaanderen',
};

export const PROVINCES = Object.values(Province);
